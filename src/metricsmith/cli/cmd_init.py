"""``metricsmith init``: write a commented profile template to fill in.

The template lists every key of the profile contract with a hint and an example answer in
the chosen language (:mod:`metricsmith.profile_template`). An existing file is never
replaced without ``--force``: it is usually a client's filled-in answers.
"""

from __future__ import annotations

import argparse

HELP = "Write a commented profile template (the interview as a YAML file) to fill in."


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profile", metavar="PROFILE.yaml", help="file to create")
    parser.add_argument("--lang", choices=("ru", "en"), help="language of hints and examples (default: from "
                        "METRICSMITH_LANGUAGE / config, else the system locale, else en)")
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")


def _default_language() -> str:
    """``language`` from the settings (environment or config file), else the system locale.

    The same choice the error messages make; a broken config file does not stop writing a template.
    """
    from metricsmith.i18n import user_language

    return user_language()


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from metricsmith.errors import Phrase, ProfileError
    from metricsmith.io.atomic import atomic_write_text
    from metricsmith.profile_template import render_template

    path = Path(args.profile)
    if path.is_dir():
        raise ProfileError(Phrase("is_folder", noun=Phrase("noun_profile_file")), path=path)
    if path.exists() and not args.force:
        raise ProfileError(Phrase("exists_not_overwritten"), path=path, hint=Phrase("force_hint"))
    lang = args.lang or _default_language()
    atomic_write_text(path, render_template(lang, name=path.name))
    if lang == "ru":
        print(f"Шаблон профиля записан: {path}. Заполните ответы и запустите: metricsmith propose {path}")
    else:
        print(f"Profile template written to {path}. Fill in the answers, then run: metricsmith propose {path}")
    return 0
