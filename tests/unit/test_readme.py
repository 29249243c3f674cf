"""The README opens with the two commands a newcomer runs, and CI runs the same test command."""

from ..conftest import ROOT


def _bash_blocks(text: str) -> list[str]:
    blocks, inside, cur = [], False, []
    for line in text.splitlines():
        if line.startswith("```bash"):
            inside, cur = True, []
        elif line.startswith("```") and inside:
            inside = False
            blocks.append("\n".join(cur).strip())
        elif inside:
            cur.append(line)
    return blocks


def test_readme_opens_with_run_and_test_commands_and_ci_uses_the_test_one():
    blocks = _bash_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    run, test = blocks[0], blocks[1]
    assert "pip install ." in run and run.endswith("rocketship route PEK JFK")
    assert '".[test]"' in test and test.endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci


def _excerpts(text: str) -> list[tuple[str, list[str]]]:
    """(command line, expected lines) of every fenced block that shows a ``$ rocketship …`` run."""
    out, inside, cur = [], False, []
    for line in text.splitlines():
        if line.startswith("```"):
            if inside and cur and cur[0].startswith("$ "):
                out.append((cur[0][2:], cur[1:]))
            inside, cur = not inside, []
        elif inside:
            cur.append(line)
    return out


def test_readme_excerpts_are_what_the_tool_prints(cli, monkeypatch):
    """Each excerpt's lines appear, in order and exactly, in what its command prints today (the figures
    come from the live models, so a model change that moves them fails here until the README follows)."""
    import shlex

    blocks = _excerpts((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 2
    for command, expected in blocks:
        words = shlex.split(command.split("  (")[0])
        env = dict(w.split("=", 1) for w in words if "=" in w and w.split("=", 1)[0].isupper())
        args = [w for w in words if not ("=" in w and w.split("=", 1)[0].isupper())]
        assert args[0] == "rocketship", command
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        code, out, err = cli(*args[1:])
        assert code == 0, err
        got = [ln.rstrip() for ln in out.splitlines()]
        at = 0
        for line in expected:
            if line.strip() == "...":
                continue
            assert line.rstrip() in got[at:], f"{command}: {line!r} is not in the output"
            at = got.index(line.rstrip(), at) + 1


def test_readme_refers_only_to_files_in_the_repository():
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    mentioned = set(re.findall(r"[\w./-]+\.(?:md|py|toml|csv|txt)\b", text))
    mentioned |= {t for t in re.findall(r"`([\w.-]+/[\w./-]*)`", text) if not t.startswith(("$", "~"))}
    users_own = {"FILE.csv", "table.csv", "./my-rocket.toml"}   # the reader's own files, not the repo's
    schema_ids = {m for m in mentioned if re.fullmatch(r"rocketship\.\w+/\d+", m)}
    missing = sorted(m for m in mentioned - users_own - schema_ids
                     if not (ROOT / m).exists() and not (ROOT / "rocketship" / m).exists())
    assert not missing, missing
