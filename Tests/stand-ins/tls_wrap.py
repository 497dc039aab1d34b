"""Runs another stand-in behind TLS: argv[1] is the port file (the other stand-in's first
argument), argv[2] the other stand-in, then its further arguments; the last two arguments are the
key and the certificate (PEM) its server presents."""
import http.server
import runpy
import ssl
import sys

certificate, key = sys.argv.pop(), sys.argv.pop()
plain = http.server.ThreadingHTTPServer


class TLSServer(plain):
    def server_bind(self):
        super().server_bind()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        self.socket = context.wrap_socket(self.socket, server_side=True)


http.server.ThreadingHTTPServer = TLSServer
script = sys.argv.pop(2)
sys.argv[0] = script
runpy.run_path(script, run_name="__main__")
