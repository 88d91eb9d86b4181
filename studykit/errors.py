"""Every exception and warning studykit raises, in one place, so that no two modules import each other.

Errors are ``ValueError`` subclasses (bad input, not bugs); warnings are ``UserWarning`` subclasses that
the command line prints as one ``studykit: …`` line each.

    LoadError          a corpus could not be loaded as asked
      NoTextError      no loadable file among the given paths
      CorrectionsError a corrections file that cannot be read or has a wrong shape
    LexiconError       a malformed line in a lexicon, stop-word or theme file (names file and line)
    FontError          a font file that does not exist or is not a font
    CorpusWarning      something about a corpus file worth telling (skipped file, replaced bytes, …)
    LexiconWarning     the user's own data file was left out because of a bad line
    NotesFileError     a file to import notes from that holds none, or a damaged one
    LessonError        a lesson that could not be run to the end to be shared
    NoteWarning        a note whose passage is no longer in its article's text
"""

from __future__ import annotations

from pathlib import Path


class LoadError(ValueError):
    """A corpus could not be loaded as asked."""


class NoTextError(LoadError):
    """No loadable file among the given paths."""


class CorrectionsError(LoadError):
    """A corrections file that cannot be read or has a wrong shape."""


class LexiconError(ValueError):
    """A malformed line in a lexicon, stop-word or theme file; the message names file and line."""

    def __init__(self, file: str | Path, line: int, why: str):
        self.file, self.line, self.why = str(file), line, why
        super().__init__(f"{file}, line {line}: {why}")


class FontError(ValueError):
    """A font file that does not exist or is not a font."""


class CorpusWarning(UserWarning):
    """Something about a corpus file worth telling the user (skipped file, replaced bytes, …)."""


class LexiconWarning(UserWarning):
    """The user's own data file was left out because of a bad line; the bundled data is used."""


class NotesFileError(ValueError):
    """A file given to ``notes import`` that holds no studykit notes, or a damaged one (names the file)."""


class LessonError(ValueError):
    """A lesson that could not be run from top to bottom (``studykit share``); names the failing cell."""


class NoteWarning(UserWarning):
    """A note whose passage can no longer be found in its article's text (the note itself is kept)."""
