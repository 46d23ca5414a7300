#!/usr/bin/env python3
"""Our OpenWhisk python action proxy: POST /init loads the action, POST /run calls it, with the statuses, bodies and
log sentinels of the actionloop python runtime (Go proxy + launcher.py; shared/reference/action-runtime-protocol.md,
actionloop column). Standard library only. Runs are serialized: the real proxy has no guard, but answers must not mix.
Usage: python3 proxy.py [--host 0.0.0.0] [--port 8080 | env __OW_PROXY_PORT]; port 0 reports the port on fd 3.

Differences from the real runtime, kept on purpose: the action runs in this process (no launcher child), so an
action that calls os._exit() kills the proxy (connection reset instead of 400 `command exited`); a requirements.txt
in a zip is not installed. Crashes the launcher would have (non-string /run field, invalid /run JSON, sys.exit(),
unserializable result) answer 400 `command exited` and drop the action, as the real proxy does.
"""
import base64
import binascii
import importlib.util
import io
import json
import os
import stat
import sys
import tempfile
import threading
import time
import traceback
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SENTINEL = 'XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX\n'


class LauncherCrash(Exception):
    """Something that would have killed the real launcher process."""

    def __init__(self, reached_user_code):
        super().__init__('command exited')
        self.reached_user_code = reached_user_code


class ActionState:
    def __init__(self):
        self.lock = threading.Lock()
        self.initialized = False
        self.main = None  # the entry point while the (emulated) launcher lives


state = ActionState()


def write_markers():
    sys.stdout.flush()
    sys.stdout.write(SENTINEL)
    sys.stdout.flush()
    sys.stderr.write(SENTINEL)
    sys.stderr.flush()


def go_log(message):
    sys.stderr.write(time.strftime('%Y/%m/%d %H:%M:%S ') + message + '\n')
    sys.stderr.flush()


def error_body(message):
    return json.dumps({'error': message}, separators=(',', ':'), ensure_ascii=False).encode('utf-8') + b'\n'


# ---- /init ---------------------------------------------------------------------------------------------------

def init(body):
    if state.initialized:
        go_log('Cannot initialize the action more than once.')
        return 403, error_body('Cannot initialize the action more than once.')
    try:
        request = json.loads(body or b'null')
        value = request.get('value') if isinstance(request, dict) else None
        value = value if isinstance(value, dict) else {}
    except ValueError as error:
        return 400, error_body('Error unmarshaling request: %s' % error)
    code = value.get('code') or ''
    if not isinstance(code, str) or code == '':
        return 403, error_body('Missing main/no code to execute.')
    set_init_env(value.get('env'))
    main = value.get('main') or 'main'
    if value.get('binary'):
        try:
            source = base64.b64decode(code, validate=True)
        except (binascii.Error, ValueError) as error:
            return 400, error_body('cannot decode the request: %s' % error)
    else:
        source = code.encode('utf-8')
    failure = load_action(source, main)
    if failure is not None:
        write_markers()
        return 502, error_body(failure)
    state.initialized = True
    return 200, b'{"ok":true}\n'


def set_init_env(env):
    if not isinstance(env, dict):
        return
    for key, val in env.items():
        os.environ[key] = val if isinstance(val, str) else json.dumps(val)


def load_action(source, main):
    """Extracts or writes the source as __main__.py, checks it compiles, imports it: None, or the 502 message."""
    workdir = tempfile.mkdtemp(prefix='owaction-')
    if source[:4] == b'PK\x03\x04':
        try:
            with zipfile.ZipFile(io.BytesIO(source)) as archive:
                archive.extractall(workdir)
        except (zipfile.BadZipFile, OSError) as error:
            sys.stderr.write('%s\n' % error)
            return 'The action failed to generate or locate a binary. See logs for details.'
        if os.path.exists(os.path.join(workdir, 'exec')):
            os.rename(os.path.join(workdir, 'exec'), os.path.join(workdir, '__main__.py'))
    else:
        with open(os.path.join(workdir, '__main__.py'), 'wb') as f:
            f.write(source)
    entry = os.path.join(workdir, '__main__.py')
    if not os.path.exists(entry):
        sys.stderr.write('Zip file does not include main__\n')
        return 'Cannot start action. Check logs for details.'
    try:
        with open(entry, 'rb') as f:
            compile(f.read(), entry, 'exec')
    except (SyntaxError, ValueError) as error:
        traceback.print_exception(type(error), error, None, file=sys.stderr)
        return 'The action failed to generate or locate a binary. See logs for details.'
    try:
        os.chdir(workdir)
        if workdir not in sys.path:
            sys.path.insert(0, workdir)
        spec = importlib.util.spec_from_file_location('main__', entry)
        module = importlib.util.module_from_spec(spec)
        sys.modules['main__'] = module
        spec.loader.exec_module(module)
    except BaseException:  # the launcher would die at import: SystemExit included
        traceback.print_exc(file=sys.stderr)
        return 'Cannot start action. Check logs for details.'
    finally:
        sys.stdout.flush()
    function = getattr(module, main, None)
    if not callable(function):
        sys.stderr.write("ImportError: cannot import name '%s' from 'main__' (%s)\n" % (main, entry))
        return 'Cannot start action. Check logs for details.'
    state.main = function
    return None


# ---- /run ----------------------------------------------------------------------------------------------------

def run(body):
    if state.main is None:
        return 500, error_body('no action defined yet')
    try:
        result, payload = call_action(body)
    except LauncherCrash as crash:
        state.main = None
        if crash.reached_user_code:
            write_markers()
        return 400, error_body('command exited')
    write_markers()
    if result is not None and not isinstance(result, (dict, list)):
        return 502, error_body('The action did not return a dictionary or array.')
    return 200, payload


def call_action(body):
    """What launcher.py does with one request: fields to __OW_* env, main(value), an exception to {"error": str}."""
    try:
        args = json.loads(body)
        payload = {}
        for key in args:
            if key == 'value':
                payload = args['value']
            else:
                os.environ['__OW_%s' % key.upper()] = args[key]
    except Exception:
        traceback.print_exc(file=sys.stderr)
        raise LauncherCrash(False)
    try:
        result = state.main(payload)
    except Exception as ex:
        print(traceback.format_exc(), file=sys.stderr)
        result = {'error': str(ex)}
    except BaseException:
        traceback.print_exc(file=sys.stderr)
        raise LauncherCrash(True)
    try:
        return result, json.dumps(result, ensure_ascii=False).encode('utf-8')
    except (TypeError, ValueError):
        traceback.print_exc(file=sys.stderr)
        raise LauncherCrash(True)


# ---- server --------------------------------------------------------------------------------------------------

class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True

    def do_POST(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length > 0 else b''
        route = {'/init': init, '/run': run}.get(self.path.split('?', 1)[0])
        if route is None:
            return self.answer(404, error_body('invalid request'))
        with state.lock:
            try:
                code, payload = route(body)
            except Exception:  # a proxy bug: answer rather than leave the connection hanging
                traceback.print_exc(file=sys.stderr)
                code, payload = 500, error_body('internal proxy error')
        self.answer(code, payload)

    def answer(self, code, payload):
        head = 'HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % (
            code, self.responses.get(code, ('',))[0], len(payload))
        self.wfile.write(head.encode('latin-1') + payload)

    def log_message(self, format, *args):
        pass  # access logs would end up in the action's logs


def report_port(port):
    """Port 0: tell the parent which port we got, on fd 3 when it is a pipe or socket (never stdout)."""
    try:
        mode = os.fstat(3).st_mode
        if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
            os.write(3, b'%d\n' % port)
            os.close(3)
    except OSError:
        pass


def parse_args(argv):
    host, port = '0.0.0.0', int(os.environ.get('__OW_PROXY_PORT') or 8080)
    for i, arg in enumerate(argv):
        if arg == '--port' and i + 1 < len(argv):
            port = int(argv[i + 1])
        elif arg == '--host' and i + 1 < len(argv):
            host = argv[i + 1]
    return host, port


def main():
    if hasattr(sys.stdout, 'reconfigure'):
        sys.stdout.reconfigure(encoding='utf-8')  # the real image sets PYTHONIOENCODING=UTF-8
        sys.stderr.reconfigure(encoding='utf-8')
    host, port = parse_args(sys.argv[1:])
    server = ThreadingHTTPServer((host, port), ProxyHandler)
    if port == 0:
        report_port(server.server_address[1])
    server.serve_forever()


if __name__ == '__main__':
    main()
