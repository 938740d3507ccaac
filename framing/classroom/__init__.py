"""The classroom: worksheets, answer keys and grading of students' annotations."""
