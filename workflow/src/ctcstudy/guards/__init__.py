"""What keeps confidential data in: restricted names, attributed quotes, pseudonyms, the raw-data manifest."""
