"""What leaves the repository: the HTML report, case pages and the reference list."""
