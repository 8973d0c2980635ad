/**
 * `npm run discord:register` (see `runRegister`): registers the slash
 * commands, in DISCORD_GUILD_ID or globally, and prints the invite URL.
 */
import { runRegister } from './register-run.js';

process.exitCode = await runRegister(process.env, process);
