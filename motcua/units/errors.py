"""Domain errors of the units app: each carries a message fit to show a user."""


class UnitLookupError(Exception):
    """A unit could not be found, or not told apart from others, for what was asked."""


class UnitNotFound(UnitLookupError):
    pass


class PlaceNotFound(UnitLookupError):
    pass
