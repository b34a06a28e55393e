/**
 * Zod without its code generation, for a command-line process: imported for its effect, before any
 * module that defines a schema (zod reads the setting when a schema is made). Why: by default zod
 * writes a parser for each object schema the first time it parses one and compiles it with
 * `new Function`; in a run that reads a few files of each kind (the IAM, S3, EC2, KMS and Organizations
 * outputs), that generation and compile is most of what parsing costs, and V8's code cache (see
 * ./compiled-command.ts) cannot hold generated code. Measured on `analyze` of the demo (medians of 8
 * interleaved runs, load 9-10): 1.30 -> 1.24 CPU-s; a 20,000-role estate no slower (15.7-18.2 against
 * 17.4-18.0 CPU-s). Zod's answers and messages are the same either way (only its fast path changes).
 */
import { config } from 'zod';

config({ jitless: true });
