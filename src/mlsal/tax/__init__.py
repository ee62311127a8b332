"""Take-home pay: the tax rules file (India, US) and the pure computation of net pay."""

#: The countries whose take-home mlsal computes (here, not in ``net``, so that the gross
#: views can say where ``--net`` applies without importing the tax models).
NET_COUNTRIES = frozenset({"IN", "US"})
