import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUserService } from '../../access/createUserService.ts'
import { BadUsageError, UnauthenticatedError } from '../../errors/errors.ts'
import { createStore } from '../../store/createStore.ts'
import { createExitStatus } from '../cliContext.ts'
import { reportError } from '../reportError.ts'
import { buildCliContext, testStoreArgs } from '../testCli.ts'
import type { TestStoreArgs } from '../testCli.ts'
import { registerUserCommand } from './userCommand.ts'
import type { PasswordInput } from './userCommand.ts'

let storeArgs: TestStoreArgs
beforeAll(async () => {
  storeArgs = await testStoreArgs()
})
afterAll(async () => {
  await storeArgs.cleanup()
})

function buildPasswordInput(overrides: Partial<PasswordInput> = {}): PasswordInput & { prompts: string[] } {
  const prompts: string[] = []
  return {
    prompts,
    readStdin: async () => 'from standard input\n',
    interactive: () => false,
    promptHidden: async (q) => { prompts.push(q); return 'typed at the prompt' },
    ...overrides,
  }
}

/** Runs `throughline user ...` in-process; returns the exit code (0, 1 failed, 2 usage) and output. */
async function runUser(argv: string[], env: NodeJS.ProcessEnv = {}, input: PasswordInput = buildPasswordInput()) {
  const context = buildCliContext(env)
  const program = new Command('throughline').exitOverride()
    .configureOutput({ writeOut: (s) => { context.stdout.write(s) }, writeErr: (s) => { context.stderr.write(s) } })
  registerUserCommand(program, context, createExitStatus(), input)
  let code = 0
  try {
    await program.parseAsync(['user', ...argv, ...storeArgs.args], { from: 'user' })
  } catch (e) {
    if (e instanceof Error && 'exitCode' in e) code = 2
    else {
      reportError(e, context)
      code = e instanceof BadUsageError ? 2 : 1
    }
  }
  return { code, stdout: context.out.join(''), stderr: context.err.join('') }
}

async function signIn(username: string, password: string) {
  const store = await createStore({ dataDir: storeArgs.dataDir, databaseUrl: storeArgs.env.DATABASE_URL, dbSchema: storeArgs.env.THROUGHLINE_DB_SCHEMA })
  try {
    return await createUserService(store).authenticate(username, password, { ip: 'test' })
  } finally {
    await store.close()
  }
}

describe('throughline user', () => {
  it('adds a user with the password from THROUGHLINE_PASSWORD and repeated --role', async () => {
    const r = await runUser(['add', '--username', 'kim', '--name', 'Kim Lee', '--agency', 'school', '--role', 'practitioner', '--role', 'manager'],
      { THROUGHLINE_PASSWORD: 'a long enough secret' })
    expect(r).toMatchObject({ code: 0, stdout: 'Created kim (school; practitioner, manager); they choose their own password when they first sign in\n' })
    // Whoever ran the command knows it: Kim must choose her own at the first sign-in.
    await expect(signIn('kim', 'a long enough secret')).resolves.toMatchObject({ roles: ['practitioner', 'manager'], mustChangePassword: true })
  })

  it('reads the password from standard input with --password-stdin', async () => {
    const r = await runUser(['add', '--username', 'lou', '--name', 'Lou', '--agency', 'police', '--role', 'practitioner', '--password-stdin'])
    expect(r.code).toBe(0)
    await expect(signIn('lou', 'from standard input')).resolves.toMatchObject({ agency: 'police' })
  })

  it('prompts twice without echo at a terminal, and refuses two different answers', async () => {
    const input = buildPasswordInput({ interactive: () => true })
    const r = await runUser(['add', '--username', 'max', '--name', 'Max', '--agency', 'gp', '--role', 'practitioner'], {}, input)
    expect(r.code).toBe(0)
    expect(input.prompts).toHaveLength(2)
    expect(r.stdout + r.stderr).not.toContain('typed at the prompt')
    let n = 0
    const differing = buildPasswordInput({ interactive: () => true, promptHidden: async () => `answer number ${n++}` })
    const bad = await runUser(['add', '--username', 'ned', '--name', 'Ned', '--agency', 'gp', '--role', 'practitioner'], {}, differing)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('not the same')
  })

  it('refuses to go on without a password source', async () => {
    const r = await runUser(['add', '--username', 'ola', '--name', 'Ola', '--agency', 'gp', '--role', 'practitioner'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('THROUGHLINE_PASSWORD')
  })

  it('reports every problem with a new user, and a short password', async () => {
    const r = await runUser(['add', '--username', 'Bad Name', '--name', 'X', '--agency', 'school', '--role', 'wizard'], { THROUGHLINE_PASSWORD: 'short' })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/username[\s\S]*wizard[\s\S]*at least 12 characters/)
  })

  it('resets a password, disables a user, and lists users', async () => {
    expect((await runUser(['reset', 'kim'], { THROUGHLINE_PASSWORD: 'another long secret' })).code).toBe(0)
    await expect(signIn('kim', 'another long secret')).resolves.toMatchObject({ username: 'kim', mustChangePassword: true })
    expect((await runUser(['disable', 'kim'])).stdout).toBe('Disabled kim\n')
    await expect(signIn('kim', 'another long secret')).rejects.toBeInstanceOf(UnauthenticatedError)
    const disabled = await runUser(['reset', 'kim'], { THROUGHLINE_PASSWORD: 'a third long secret' })
    expect(disabled.code).toBe(1)
    expect(disabled.stderr).toContain('disabled, so its password cannot be reset')
    const list = await runUser(['list'])
    expect(list.stdout).toContain('kim\tKim Lee\tschool\tpractitioner,manager\tdisabled\n')
    expect(list.stdout).toContain('lou\tLou\tpolice\tpractitioner\ttemporary password\n')
    const missing = await runUser(['disable', 'nobody'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no user nobody')
  })

  it('will not disable the last active administrator, saying to add another first', async () => {
    const env = { THROUGHLINE_PASSWORD: 'the only administrator' }
    expect((await runUser(['add', '--username', 'only.admin', '--name', 'Olu Admin', '--agency', 'childrens_social_care', '--role', 'admin'], env)).code).toBe(0)
    const refused = await runUser(['disable', 'only.admin'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('last active administrator')
    expect((await runUser(['list'])).stdout).toContain('only.admin\tOlu Admin\tchildrens_social_care\tadmin\ttemporary password\n')
  })
})
