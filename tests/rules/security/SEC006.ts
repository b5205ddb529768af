// SEC006: hardcoded secrets.
const apiKey = 'a8f5f167f44f4964e6c998dee827110c'; // ruleid: SEC006
const config = { password: 'hunter2', user: 'bob' }; // ruleid: SEC006
const aws = 'AKIAIOSFODNN7EXAMPLE'; // ruleid: SEC006
class Client {
  private secretToken = 'abc123'; // ruleid: SEC006
  login(pwd = 'admin'): boolean { // ruleid: SEC006
    return pwd === 'letmein'; // ruleid: SEC006
  }
}
const env: Record<string, string> = {};
env['api_key'] = 'k-123'; // ruleid: SEC006

const tokenType = 'bearer'; // ok: SEC006
const password = process.env.DB_PASSWORD; // ok: SEC006
const emptySecret = ''; // ok: SEC006
// const leaked = "AKIAIOSFODNN7EXAMPLE" in a comment is not code
export { apiKey, config, aws, Client, tokenType, password, emptySecret };
