"""One error type for bad input, so every refusal names file, record and field."""


class InputError(Exception):
    """Raised when an input file cannot be accepted.

    The message always has the shape ``<file>: record <record>, field <field>: <problem>``
    (record or field may be ``-`` when the problem concerns the whole file).
    """

    def __init__(self, path, problem, record="-", field="-"):
        self.path, self.problem, self.record, self.field = str(path), problem, record, field
        super().__init__(f"{self.path}: record {record}, field {field}: {problem}")
