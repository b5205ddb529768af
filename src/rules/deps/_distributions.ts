import { normalizeDist } from '../../lang/python/pyproject';

/**
 * Import names whose distribution on PyPI is called something else. Keys are
 * dotted import prefixes (the longest match wins); values are the
 * distributions that provide them, the usual one first.
 */
export const IMPORT_TO_DIST: Record<string, string[]> = {
  yaml: ['PyYAML'],
  ruamel: ['ruamel.yaml'],
  PIL: ['Pillow'],
  dotenv: ['python-dotenv'],
  sklearn: ['scikit-learn'],
  skimage: ['scikit-image'],
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  bs4: ['beautifulsoup4'],
  'google.generativeai': ['google-generativeai'],
  'google.protobuf': ['protobuf'],
  'google.genai': ['google-genai'],
  googleapiclient: ['google-api-python-client'],
  apiclient: ['google-api-python-client'],
  dateutil: ['python-dateutil'],
  jwt: ['PyJWT'],
  jose: ['python-jose'],
  attr: ['attrs'],
  Crypto: ['pycryptodome', 'pycrypto'],
  Cryptodome: ['pycryptodomex'],
  OpenSSL: ['pyOpenSSL'],
  magic: ['python-magic'],
  serial: ['pyserial'],
  usb: ['pyusb'],
  git: ['GitPython'],
  docx: ['python-docx'],
  pptx: ['python-pptx'],
  fitz: ['PyMuPDF'],
  pymupdf: ['PyMuPDF'],
  zmq: ['pyzmq'],
  MySQLdb: ['mysqlclient'],
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  ldap: ['python-ldap'],
  slugify: ['python-slugify'],
  multipart: ['python-multipart'],
  telegram: ['python-telegram-bot'],
  kafka: ['kafka-python'],
  socks: ['PySocks'],
  nacl: ['PyNaCl'],
  github: ['PyGithub'],
  gitlab: ['python-gitlab'],
  jenkins: ['python-jenkins'],
  memcache: ['python-memcached'],
  OpenGL: ['PyOpenGL'],
  wx: ['wxPython'],
  gi: ['PyGObject'],
  cairo: ['pycairo'],
  Xlib: ['python-xlib'],
  dns: ['dnspython'],
  pkg_resources: ['setuptools'],
  _pytest: ['pytest'],
  grpc: ['grpcio'],
  faiss: ['faiss-cpu', 'faiss-gpu'],
  mpl_toolkits: ['matplotlib'],
  pylab: ['matplotlib'],
  websocket: ['websocket-client'],
  engineio: ['python-engineio'],
  socketio: ['python-socketio'],
  rapidjson: ['python-rapidjson'],
  Bio: ['biopython'],
  markdown_it: ['markdown-it-py'],
  umap: ['umap-learn'],
  nmap: ['python-nmap'],
  pythonjsonlogger: ['python-json-logger'],
  win32api: ['pywin32'],
  win32con: ['pywin32'],
  win32com: ['pywin32'],
  pywintypes: ['pywin32'],
  opentelemetry: ['opentelemetry-api', 'opentelemetry-sdk'],
  'opentelemetry.sdk': ['opentelemetry-sdk'],
  'opentelemetry.exporter.otlp': ['opentelemetry-exporter-otlp', 'opentelemetry-exporter-otlp-proto-grpc', 'opentelemetry-exporter-otlp-proto-http'],
  Levenshtein: ['Levenshtein', 'python-Levenshtein'],
  editor: ['python-editor'],
  consul: ['python-consul'],
  snappy: ['python-snappy'],
  sentencepiece: ['sentencepiece'],
  typing_extensions: ['typing-extensions'],
  pydantic_core: ['pydantic-core', 'pydantic'],
  tree_sitter: ['tree-sitter'],
};

/**
 * Distributions that are declared to be run or to plug into a tool, never
 * imported: DEP002 does not report them.
 */
export const USED_WITHOUT_IMPORT = new Set(
  ['setuptools', 'wheel', 'pip', 'build', 'twine', 'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'pre-commit', 'tox', 'nox', 'coverage', 'mypy', 'ruff', 'black', 'isort', 'flake8', 'pylint'].map(normalizeDist),
);

export function usedWithoutImport(dist: string): boolean {
  const n = normalizeDist(dist);
  return USED_WITHOUT_IMPORT.has(n) || /^types-|-stubs$|^pytest-|^flake8-/.test(n);
}

/**
 * The distributions that may provide a dotted import, as normalised names:
 * the table's entries for its prefixes, then each prefix taken as a name
 * (`google.cloud.storage` -> google-cloud-storage, google-cloud, google).
 */
export function candidateDists(dotted: string): string[] {
  const parts = dotted.split('.');
  const out: string[] = [];
  for (let i = parts.length; i > 0; i--) {
    const prefix = parts.slice(0, i).join('.');
    for (const d of IMPORT_TO_DIST[prefix] ?? []) out.push(normalizeDist(d));
  }
  for (let i = parts.length; i > 0; i--) out.push(normalizeDist(parts.slice(0, i).join('.')));
  return [...new Set(out)];
}

/** The distribution to suggest for an import: the table's first entry, else the top-level name. */
export function suggestedDist(dotted: string): string {
  const parts = dotted.split('.');
  for (let i = parts.length; i > 0; i--) {
    const hit = IMPORT_TO_DIST[parts.slice(0, i).join('.')];
    if (hit) return hit[0];
  }
  // namespace packages are distributed per sub-package: google.cloud.storage -> google-cloud-storage
  if (['google', 'azure', 'zope', 'jaraco', 'backports', 'sphinxcontrib'].includes(parts[0]) && parts.length > 1) {
    const depth = parts[0] === 'google' && parts[1] === 'cloud' && parts.length > 2 ? 3 : parts[0] === 'azure' && parts.length > 2 ? 3 : 2;
    return parts.slice(0, depth).join('-');
  }
  return parts[0].replace(/_/g, '-');
}
