"""Take-home pay: the tax rules file (India, US) and the pure computation of net pay."""
