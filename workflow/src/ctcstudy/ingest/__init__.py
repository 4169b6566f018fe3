"""Raw datasets into tidy tables (data/interim): every case's files of one kind read and stacked."""
