"""Marking user-visible strings in code that must not import Qt.

``N_(context, text)`` returns *text* unchanged; it only marks the string so that
``pyside6-lupdate`` (which understands ``QT_TRANSLATE_NOOP``) collects it and the desktop
can show ``QCoreApplication.translate(context, text)``. The command line shows the
English text.
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


N_ = QT_TRANSLATE_NOOP
