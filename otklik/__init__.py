"""Otklik: feedback and incident management for a city administration's press service."""

__version__ = "0.1.0"
