"""The production settings, served with the benchmark's baseline view added."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench._load.urls"
