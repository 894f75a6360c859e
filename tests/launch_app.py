"""The test suite's launcher: `streamlit run app.py` with a fetch policy that lets the app reach ONE
loopback test server (the page the browser test adds by URL).

    python tests/launch_app.py --allow-port 41234 [--allow-ip 127.0.0.1] -- --server.port 8600 --server.address 127.0.0.1

It installs the policy through components.library.install_fetch_policy (which refuses callers outside
tests/) and then starts Streamlit in this same process (streamlit.web.bootstrap.run), so the app's
`components.library` module is this one, with the policy set.  Nothing else can loosen the app's
fetcher: no setting, environment variable or secret is read for it.  The file watcher is off (a
reloaded module would fall back to the strict policy).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from components import library  # noqa: E402
from tests.fetch_helpers import loopback_policy  # noqa: E402


def _flags(args: list[str]) -> dict[str, object]:
    """`--server.port 8600 --server.address=127.0.0.1` -> {"server_port": "8600", "server_address": "127.0.0.1"}."""
    out: dict[str, object] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--"):
            raise SystemExit(f"unexpected argument {arg!r}")
        if "=" in arg:
            name, value = arg[2:].split("=", 1)
        else:
            name, value = arg[2:], args[i + 1]
            i += 1
        out[name.replace(".", "_")] = value
        i += 1
    return out


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    ours, _, theirs = (argv[:argv.index("--")], None, argv[argv.index("--") + 1:]) if "--" in argv else (argv, None, [])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--allow-port", type=int, required=True, help="the loopback test server's port")
    parser.add_argument("--allow-ip", default="127.0.0.1")
    args = parser.parse_args(ours)
    library.install_fetch_policy(loopback_policy(args.allow_port, args.allow_ip))

    from streamlit import config as st_config
    from streamlit.web import bootstrap

    main_script = str(ROOT / "app.py")
    st_config._main_script_path = main_script       # as `streamlit run` does: config and secrets beside app.py

    flags = {"server_headless": True, "server_fileWatcherType": "none", "server_runOnSave": False,
             "browser_gatherUsageStats": False, **_flags(theirs)}
    if "server_port" in flags:
        flags["server_port"] = int(flags["server_port"])
    bootstrap.load_config_options(flag_options=flags)
    bootstrap.run(main_script, False, [], flags)


if __name__ == "__main__":
    main()
