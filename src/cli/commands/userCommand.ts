// `throughline user add|disable|reset|list`: accounts from the command line.
// A password is never an argument (it would show in the process list and the
// shell history): it comes from THROUGHLINE_PASSWORD, from standard input
// with --password-stdin, or from a prompt that does not echo, on a terminal.
import { userInfo } from 'node:os'
import type { Command } from 'commander'
import { createUserService } from '../../access/createUserService.ts'
import { ROLES } from '../../access/types.ts'
import type { UserAccount } from '../../access/caseRepository.ts'
import type { Actor, Role } from '../../access/types.ts'
import { BadUsageError } from '../../errors/errors.ts'
import type { CliContext, ExitStatus } from '../cliContext.ts'
import { addStoreOptions, configFromOptions, withStore } from '../storeOptions.ts'
import type { StoreCliOptions } from '../storeOptions.ts'

export const PASSWORD_ENV = 'THROUGHLINE_PASSWORD'

/** Where a password can come from, besides the environment; tests pass a fake. */
export interface PasswordInput {
  /** All of standard input. */
  readStdin(): Promise<string>
  /** Whether a person is at a terminal to be asked. */
  interactive(): boolean
  /** Asks without echoing what is typed. */
  promptHidden(question: string): Promise<string>
}

export function processPasswordInput(): PasswordInput {
  return {
    async readStdin() {
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    },
    interactive: () => process.stdin.isTTY === true && process.stderr.isTTY === true,
    promptHidden: (question) => promptHidden(question),
  }
}

/** Reads one line from the terminal in raw mode, echoing nothing. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin
  return new Promise((resolve, reject) => {
    let value = ''
    const finish = (error?: Error) => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      process.stderr.write('\n')
      if (error !== undefined) reject(error)
      else resolve(value)
    }
    const onData = (data: Buffer) => {
      for (const c of data.toString('utf8')) {
        if (c === '\r' || c === '\n' || c === '\u0004') return finish()
        if (c === '\u0003') return finish(new BadUsageError('Cancelled; nothing was changed'))
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1)
        else value += c
      }
    }
    process.stderr.write(question)
    stdin.setRawMode(true)
    stdin.resume()
    stdin.on('data', onData)
  })
}

async function readPassword(options: { passwordStdin?: boolean }, context: CliContext, input: PasswordInput): Promise<string> {
  if (options.passwordStdin === true) {
    // One line: the trailing newline of `echo` or a file is not part of it.
    return (await input.readStdin()).replace(/\r?\n$/, '')
  }
  const fromEnv = context.env[PASSWORD_ENV]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  if (!input.interactive()) {
    throw new BadUsageError(`Give the password in ${PASSWORD_ENV}, on standard input with --password-stdin, or run this at a terminal to be asked for it`)
  }
  const first = await input.promptHidden('Password (at least 12 characters): ')
  const second = await input.promptHidden('The same password again: ')
  if (first !== second) throw new BadUsageError('The two passwords were not the same; nothing was changed')
  return first
}

/** The command line acts as the system, named after the operator's login. */
function cliAdmin(context: CliContext): Actor {
  const login = context.env.USER ?? context.env.LOGNAME ?? (() => { try { return userInfo().username } catch { return 'unknown' } })()
  return { kind: 'system', name: `cli:${login}` }
}

function describeUser(u: UserAccount): string {
  const state = u.state !== 'active' ? u.state : u.mustChangePassword ? 'temporary password' : undefined
  return `${u.username}\t${u.displayName}\t${u.agency}\t${u.roles.join(',')}${state !== undefined ? `\t${state}` : ''}`
}

const collect = (value: string, previous: string[]): string[] => [...previous, value]

interface AddOptions extends StoreCliOptions {
  username: string
  name: string
  agency: string
  role: string[]
  passwordStdin?: boolean
}

interface PasswordOptions extends StoreCliOptions {
  passwordStdin?: boolean
}

export function registerUserCommand(program: Command, context: CliContext, _status: ExitStatus, input: PasswordInput = processPasswordInput()): void {
  const user = program.command('user').description('Manage user accounts: add, disable, reset a password, list.')

  addStoreOptions(
    user.command('add')
      .description('Create a user with a temporary password (changed at their first sign-in). The password comes from THROUGHLINE_PASSWORD, --password-stdin, or a prompt.')
      .requiredOption('--username <name>', 'sign-in name: lower-case letters, digits, dots, dashes, underscores')
      .requiredOption('--name <display name>', 'the person\'s name as shown')
      .requiredOption('--agency <agency>', 'their agency, e.g. childrens_social_care, school, health_visitor, police')
      .requiredOption('--role <role>', `a role (repeat for more): ${ROLES.join(', ')}`, collect, [])
      .option('--password-stdin', 'read the password from standard input'),
  ).action(async (options: AddOptions) => {
    const config = configFromOptions(options, context)
    const password = await readPassword(options, context, input)
    const created = await withStore(config, context, (store) => createUserService(store).createUser(cliAdmin(context), {
      // Temporary, the first administrator's too: whoever runs this need not be the person, and it records only their login.
      username: options.username, displayName: options.name, agency: options.agency, roles: options.role as Role[], password, temporaryPassword: true,
    }))
    context.stdout.write(`Created ${created.username} (${created.agency}; ${created.roles.join(', ')}); they choose their own password when they first sign in\n`)
  })

  addStoreOptions(
    user.command('disable')
      .description('Stop a user signing in. Their audit trail stays.')
      .argument('<username>', 'the user to disable'),
  ).action(async (username: string, options: StoreCliOptions) => {
    const config = configFromOptions(options, context)
    await withStore(config, context, (store) => createUserService(store).disableUser(cliAdmin(context), username))
    context.stdout.write(`Disabled ${username}\n`)
  })

  addStoreOptions(
    user.command('reset')
      .description('Set a new temporary password (changed at their next sign-in) and clear a lockout. The password comes from THROUGHLINE_PASSWORD, --password-stdin, or a prompt.')
      .argument('<username>', 'the user whose password to set')
      .option('--password-stdin', 'read the password from standard input'),
  ).action(async (username: string, options: PasswordOptions) => {
    const config = configFromOptions(options, context)
    const password = await readPassword(options, context, input)
    await withStore(config, context, (store) => createUserService(store).resetPassword(cliAdmin(context), username, password))
    context.stdout.write(`Password reset for ${username}; they choose their own when they next sign in\n`)
  })

  addStoreOptions(
    user.command('list').description('List users: username, name, agency, roles, and whether disabled, locked, or still on a temporary password (tab-separated).'),
  ).action(async (options: StoreCliOptions) => {
    const config = configFromOptions(options, context)
    const users = await withStore(config, context, (store) => createUserService(store).listUsers(cliAdmin(context)))
    for (const u of users) context.stdout.write(`${describeUser(u)}\n`)
  })
}
