"""The words the models take for their options, in one place: the models check them, and the command line
offers them in its help without importing the models (its ``--help`` path loads nothing heavy)."""

#: the trajectories a flight plan takes (flight.parse_trajectory), in words for help and error messages
TRAJECTORY_HELP = ("best (least Δv under the cargo's and the heat shield's limits), fastest (quickest that flies), "
                   "min-energy, fpa:DEG (burnout flight-path angle, 0-90) or tof:MIN (free-flight minutes)")

#: the figures ``rocketship plot --kind`` draws (rocketship.report.plots.KINDS holds one function for each)
PLOT_KINDS = ("trajectory", "timeline", "cost", "tornado", "histogram", "map")
