import type { Command } from './command';
import { CliUsageError } from '../context';

// The help text lists the registry, which imports this module; a getter breaks the cycle.
export function createHelpCommand(registry: () => readonly Command[]): Command {
  return {
    name: 'help',
    minArgs: 0,
    maxArgs: 1,
    run(ctx, args) {
      const commands = registry();
      const wanted = args.positionals[0];
      if (wanted) {
        const command = commands.find((c) => c.name === wanted);
        if (!command) throw new CliUsageError('unknownCommand', { command: wanted });
        ctx.io.out(`${ctx.t(`commands.${command.name}.usage`)}    ${ctx.t(`commands.${command.name}.summary`)}`);
        return;
      }
      ctx.io.out(ctx.t('usage'));
      ctx.io.out(ctx.t('commandsHeading'));
      // Usage lines differ too much in length for one column: each summary goes on its own indented line.
      for (const c of commands) {
        ctx.io.out(`  ${ctx.t(`commands.${c.name}.usage`)}`);
        ctx.io.out(`      ${ctx.t(`commands.${c.name}.summary`)}`);
      }
      ctx.io.out(ctx.t('optionsHeading'));
      ctx.io.out(`  ${ctx.t('optionData')}`);
      ctx.io.out(`  ${ctx.t('optionLang')}`);
    },
  };
}
