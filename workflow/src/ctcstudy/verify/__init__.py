"""Every regenerated number compared with the published one, the published values and their corrections."""
