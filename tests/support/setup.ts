import os from 'node:os';
import path from 'node:path';

// Tests never seed demo data and never touch the developer's .data directory.
process.env.VERSO_SEED_DEMO = '0';
process.env.VERSO_DATA_DIR ??= path.join(os.tmpdir(), `verso-test-${process.pid}`);
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123';
