"""The pay model, pure: the estimate for a profile (estimate), where an offer falls in it
(offer), two countries side by side (compare), a file of profiles (batch), and the skills and
hiring facts of the data (skills, hiring). Data in, data out: nothing here prints or exits."""
