from app.cli import build_parser


def main():
    return build_parser().parse_args()
