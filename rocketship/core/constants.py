"""Physical constants in SI units.

Cross-checked against astropy.constants in tests/reference/test_constants.py.

References
----------
.. [1] NIMA TR8350.2, "Department of Defense World Geodetic System 1984", 3rd ed. (2000).
.. [2] IERS Conventions (2010), Technical Note 36, Table 1.1.
.. [3] BIPM, SI Brochure, 9th ed.: standard acceleration of gravity.
.. [4] CRC Handbook of Chemistry and Physics, 97th ed. (2016), "Density of the elements": osmium 22.59 g/cm³.
"""

MU_EARTH = 3.986004418e14        #: GM⊕ [m³/s²] (WGS-84, with atmosphere) [1]
OMEGA_EARTH = 7.292115e-5        #: Earth rotation rate [rad/s] (WGS-84) [1]
WGS84_A = 6378137.0              #: WGS-84 semi-major axis [m] [1]
WGS84_F = 1.0 / 298.257223563    #: WGS-84 flattening [-] [1]
R_MEAN = 6371008.8               #: mean Earth radius R1 = (2a + b)/3 [m]
R_SPHERE = 6371000.0             #: the 6,371 km sphere used by the reference cases [m]
J2 = 1.08262668e-3               #: second zonal harmonic [-] (EGM96, as used in WGS-84) [1]
G0 = 9.80665                     #: standard acceleration of gravity [m/s²] [3]
DENSEST_MATTER = 22_590.0        #: osmium at 20 °C, the densest element [kg/m³] [4]: no cargo is denser
