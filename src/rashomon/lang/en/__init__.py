"""English language data: the word lists, tables and patterns in this folder."""
