"""The zone of every calendar rule. Moments are stored in UTC and read in this zone."""

from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
