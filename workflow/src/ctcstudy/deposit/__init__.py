"""What an archive takes: the citation files, licences and access tiers, and the deposit itself."""
