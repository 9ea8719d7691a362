"""A local IMAP4rev1 server in a thread, speaking just enough for imaplib and IDLE.

LOGIN, CAPABILITY, SELECT/EXAMINE, STATUS, UID SEARCH (UID n:* and SINCE), UID FETCH
(BODY.PEEK[]), IDLE/DONE (RFC 2177), NOOP, LOGOUT. `add()` delivers a letter and tells every
session in IDLE with `* N EXISTS`, as real servers do. `idle=False` leaves IDLE out of the
capabilities and answers it BAD.
"""

from __future__ import annotations

import re
import socketserver
import threading

COMMAND = re.compile(rb"^(?P<tag>\S+) (?P<name>[A-Za-z]+)(?: (?P<args>.*))?$")


class ImapServer:
    def __init__(self, password: str = "right", idle: bool = True) -> None:
        self.password, self.idle = password, idle
        self.uidvalidity = 1700000001
        self.messages: dict[int, bytes] = {}
        self.commands: list[str] = []
        self.idling: list[Session] = []
        self.lock = threading.Lock()
        self.idle_started = threading.Event()

    @property
    def capabilities(self) -> str:
        return "IMAP4rev1 IDLE" if self.idle else "IMAP4rev1"

    def add(self, raw: bytes) -> int:
        with self.lock:
            uid = max(self.messages, default=0) + 1
            self.messages[uid] = raw
            for session in self.idling:
                session.write(f"* {len(self.messages)} EXISTS")
        return uid

    def __enter__(self) -> ImapServer:
        owner = self

        class Handler(Session):
            server_state = owner

        self.tcp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.tcp.daemon_threads = True
        self.port = self.tcp.server_address[1]
        threading.Thread(target=self.tcp.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.tcp.shutdown()
        self.tcp.server_close()


class Session(socketserver.StreamRequestHandler):
    server_state: ImapServer

    def write(self, line: str | bytes) -> None:
        data = line.encode() if isinstance(line, str) else line
        self.wfile.write(data + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        state = self.server_state
        self.write(f"* OK [CAPABILITY {state.capabilities}] Otklik test IMAP ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            match = COMMAND.match(line.rstrip(b"\r\n"))
            if match is None:
                self.write("* BAD unreadable command")
                continue
            tag, name = match["tag"].decode(), match["name"].decode().upper()
            args = (match["args"] or b"").decode()
            state.commands.append(f"{name} {args}".strip() if name != "LOGIN" else "LOGIN")
            if name == "LOGOUT":
                self.write("* BYE logging out")
                self.write(f"{tag} OK LOGOUT completed")
                return
            getattr(self, f"do_{name.lower()}", self.unknown)(tag, args)

    def unknown(self, tag: str, args: str) -> None:
        self.write(f"{tag} BAD unknown command")

    def do_capability(self, tag: str, args: str) -> None:
        self.write(f"* CAPABILITY {self.server_state.capabilities}")
        self.write(f"{tag} OK CAPABILITY completed")

    def do_noop(self, tag: str, args: str) -> None:
        self.write(f"{tag} OK NOOP completed")

    def do_login(self, tag: str, args: str) -> None:
        password = args.split(" ", 1)[1].strip('"')
        if password != self.server_state.password:
            self.write(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)")
        else:
            self.write(f"{tag} OK LOGIN completed")

    def do_examine(self, tag: str, args: str) -> None:
        state = self.server_state
        if args.strip('"').upper() != "INBOX":
            self.write(f"{tag} NO Mailbox doesn't exist")
            return
        self.write(f"* {len(state.messages)} EXISTS")
        self.write(f"* OK [UIDVALIDITY {state.uidvalidity}] UIDs valid")
        self.write(f"{tag} OK [READ-ONLY] EXAMINE completed")

    do_select = do_examine

    def do_status(self, tag: str, args: str) -> None:
        state = self.server_state
        nxt = max(state.messages, default=0) + 1
        self.write(
            f"* STATUS INBOX (MESSAGES {len(state.messages)} "
            f"UIDVALIDITY {state.uidvalidity} UIDNEXT {nxt})"
        )
        self.write(f"{tag} OK STATUS completed")

    def do_uid(self, tag: str, args: str) -> None:
        command, _, rest = args.partition(" ")
        uids = sorted(self.server_state.messages)
        if command.upper() == "SEARCH":
            if rest.upper().startswith("UID "):
                low = int(rest[4:].split(":")[0])
                uids = [u for u in uids if u >= low] or uids[-1:]  # "n:*" matches the newest
            self.write("* SEARCH" + "".join(f" {u}" for u in uids))
            self.write(f"{tag} OK SEARCH completed")
        elif command.upper() == "FETCH":
            uid = int(rest.split(" ")[0])
            raw = self.server_state.messages.get(uid)
            if raw is not None:
                seq = uids.index(uid) + 1
                self.wfile.write(f"* {seq} FETCH (UID {uid} BODY[] {{{len(raw)}}}\r\n".encode())
                self.wfile.write(raw + b")\r\n")
            self.write(f"{tag} OK FETCH completed")
        else:
            self.unknown(tag, args)

    def do_idle(self, tag: str, args: str) -> None:
        state = self.server_state
        if not state.idle:
            self.unknown(tag, args)
            return
        with state.lock:
            self.write("+ idling")
            state.idling.append(self)
        state.idle_started.set()
        line = self.rfile.readline()
        with state.lock:
            state.idling.remove(self)
        if line.rstrip(b"\r\n").upper() == b"DONE":
            self.write(f"{tag} OK IDLE terminated")
        else:
            self.write(f"{tag} BAD expected DONE")
