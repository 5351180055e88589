"""The home screen: the nine services and the ways to health, learning, calls and orders."""
