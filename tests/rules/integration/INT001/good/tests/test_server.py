from svc.server import serve
