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
