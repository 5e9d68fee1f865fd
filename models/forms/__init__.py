"""Survey forms: XLSForm import, XForms expressions and the form engine (no Qt, no DB).

::

    load_xlsform(path)          → FormDefinition   (or FormError(sheet, row, reason))
    evaluate_form(form, answers, language) → FormState (relevance, values, errors, choices)
    progress(form, state)       → (answered, to answer)
"""

from models.forms.definition import (
    INPUT_TYPES,
    QUESTION_TYPES,
    Choice,
    FormDefinition,
    Group,
    Question,
    text_in,
)
from models.forms.engine import (
    FormState,
    coerce,
    defaults,
    evaluate_form,
    instance_paths,
    progress,
)
from models.forms.xlsform import FormError, check_definition, language_code, load_xlsform
from models.forms.xpath import ExpressionError

__all__ = ["INPUT_TYPES", "QUESTION_TYPES", "Choice", "ExpressionError", "FormDefinition",
           "FormError", "FormState", "Group", "Question", "check_definition", "coerce",
           "defaults", "evaluate_form", "instance_paths", "language_code", "load_xlsform",
           "progress", "text_in"]
