import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatedInvitation, InvitationPreview, Me } from '@parley/contracts';
import {
  anonymous,
  call,
  createMember,
  createOwner,
  createTestApp,
  PASSWORD,
  signIn,
  TEST_PUBLIC_URL,
  uniqueEmail,
  type Actor,
  type TestApp,
} from '../../test/test-app.js';

describe('invitations and members', () => {
  let t: TestApp;
  let owner: Actor;
  beforeAll(async () => {
    t = await createTestApp({ INVITATION_TTL_HOURS: '2' });
    owner = await createOwner(t, 'team');
  });
  afterAll(() => t.close());

  async function invite(email: string, role = 'agent', by: Actor = owner) {
    const res = await call(t.app, by, 'POST', '/api/v1/invitations', { email, role });
    expect(res.statusCode, res.body).toBe(201);
    const created = CreatedInvitation.parse(res.json());
    const token = created.url.split('/').pop() ?? '';
    return { ...created, token };
  }

  it('invites by link; a new person chooses a password and is signed in with the role', async () => {
    const email = uniqueEmail('newbie');
    const inv = await invite(email.toUpperCase(), 'viewer');
    expect(inv.url.startsWith(`${TEST_PUBLIC_URL}/app/invite/`)).toBe(true);
    expect(inv.invitation).toMatchObject({ email, role: 'viewer', status: 'pending', invitedBy: 'team' });

    const preview = await call(t.app, anonymous, 'GET', `/api/v1/invitations/${inv.token}/preview`);
    expect(InvitationPreview.parse(preview.json())).toEqual({
      organization: 'team org',
      email,
      role: 'viewer',
      invitedBy: 'team',
      existingUser: false,
    });
    const short = await call(t.app, anonymous, 'POST', '/api/v1/invitations/accept', { token: inv.token, name: 'New', password: 'short' });
    expect(short.statusCode).toBe(400);
    const accepted = await call(t.app, anonymous, 'POST', '/api/v1/invitations/accept', { token: inv.token, name: 'New Person', password: PASSWORD });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.cookies.some((c) => c.name === 'parley_session')).toBe(true);
    const me = Me.parse(accepted.json());
    expect(me.organizations).toEqual([expect.objectContaining({ id: owner.orgId, role: 'viewer' })]);

    const again = await call(t.app, anonymous, 'POST', '/api/v1/invitations/accept', { token: inv.token, name: 'x', password: PASSWORD });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('invitation_invalid');
    const list = await call(t.app, owner, 'GET', '/api/v1/invitations');
    expect(list.json().find((i: { id: string }) => i.id === inv.invitation.id).status).toBe('accepted');
    const members = await call(t.app, owner, 'GET', '/api/v1/members');
    expect(members.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ email, name: 'New Person', role: 'viewer' })]),
    );
  });

  it('lets an existing user join with their own password', async () => {
    const other = await createOwner(t, 'existing');
    const inv = await invite(other.email, 'admin');
    const preview = await call(t.app, anonymous, 'GET', `/api/v1/invitations/${inv.token}/preview`);
    expect(preview.json().existingUser).toBe(true);
    const wrong = await call(t.app, anonymous, 'POST', '/api/v1/invitations/accept', { token: inv.token, password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    const ok = await call(t.app, anonymous, 'POST', '/api/v1/invitations/accept', { token: inv.token, password: PASSWORD });
    expect(ok.statusCode).toBe(200);
    expect(Me.parse(ok.json()).organizations.map((o) => o.role).sort()).toEqual(['admin', 'owner']);
  });

  it('refuses revoked, expired, unknown and malformed invitation tokens', async () => {
    const revoked = await invite(uniqueEmail('revoked'));
    expect((await call(t.app, owner, 'DELETE', `/api/v1/invitations/${revoked.invitation.id}`)).statusCode).toBe(204);
    expect((await call(t.app, owner, 'DELETE', `/api/v1/invitations/${revoked.invitation.id}`)).statusCode).toBe(409);
    const expired = await invite(uniqueEmail('expired'));
    t.advance(3 * 3_600_000);
    try {
      for (const token of [revoked.token, expired.token, 'A'.repeat(43)]) {
        const res = await call(t.app, anonymous, 'GET', `/api/v1/invitations/${token}/preview`);
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('invitation_invalid');
      }
      const list = await call(t.app, owner, 'GET', '/api/v1/invitations');
      expect(list.json().find((i: { id: string }) => i.id === expired.invitation.id).status).toBe('expired');
    } finally {
      t.advance(-3 * 3_600_000);
    }
    const malformed = await call(t.app, anonymous, 'GET', '/api/v1/invitations/%3Cscript%3E/preview');
    expect(malformed.statusCode).toBe(400);
  });

  it('does not invite existing members twice', async () => {
    const member = await createMember(t, owner, 'agent', 'twice');
    const res = await call(t.app, owner, 'POST', '/api/v1/invitations', { email: member.email, role: 'viewer' });
    expect(res.statusCode).toBe(409);
    // Two invitations sent before the person joined: the second one is refused, not quietly used with the old role kept.
    const person = await createOwner(t, 'two-invites');
    const first = await invite(person.email, 'viewer');
    const second = await invite(person.email, 'admin');
    expect((await call(t.app, anonymous, 'POST', '/api/v1/invitations/accept', { token: first.token, password: PASSWORD })).statusCode).toBe(200);
    const again = await call(t.app, anonymous, 'POST', '/api/v1/invitations/accept', { token: second.token, password: PASSWORD });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain('already a member');
    const list = await call(t.app, owner, 'GET', '/api/v1/invitations');
    expect(list.json().find((i: { id: string }) => i.id === second.invitation.id).status).toBe('pending');
  });

  it('changes roles; only owners touch the owner role; the last owner stays', async () => {
    const admin = await createMember(t, owner, 'admin', 'roleadmin');
    const agent = await createMember(t, owner, 'agent', 'roleagent');
    const promote = await call(t.app, admin, 'PATCH', `/api/v1/members/${agent.userId}`, { role: 'viewer' });
    expect(promote.statusCode).toBe(200);
    expect(promote.json().role).toBe('viewer');
    expect((await call(t.app, admin, 'PATCH', `/api/v1/members/${agent.userId}`, { role: 'owner' })).statusCode).toBe(403);
    expect((await call(t.app, admin, 'PATCH', `/api/v1/members/${owner.userId}`, { role: 'agent' })).statusCode).toBe(403);
    expect((await call(t.app, admin, 'POST', '/api/v1/invitations', { email: uniqueEmail('o'), role: 'owner' })).statusCode).toBe(403);
    expect((await call(t.app, admin, 'DELETE', `/api/v1/members/${owner.userId}`)).statusCode).toBe(403);

    const lastOwner = await call(t.app, owner, 'PATCH', `/api/v1/members/${owner.userId}`, { role: 'admin' });
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().code).toBe('last_owner');
    expect((await call(t.app, owner, 'DELETE', `/api/v1/members/${owner.userId}`)).json().code).toBe('last_owner');

    // With a second owner, the first may step down.
    expect((await call(t.app, owner, 'PATCH', `/api/v1/members/${admin.userId}`, { role: 'owner' })).statusCode).toBe(200);
    expect((await call(t.app, owner, 'PATCH', `/api/v1/members/${owner.userId}`, { role: 'admin' })).statusCode).toBe(200);
    expect((await call(t.app, admin, 'PATCH', `/api/v1/members/${owner.userId}`, { role: 'owner' })).statusCode).toBe(200);
  });

  it('removes members (their session loses the org) and lets anyone leave', async () => {
    const agent = await createMember(t, owner, 'agent', 'removed');
    expect((await call(t.app, agent, 'GET', '/api/v1/bots')).statusCode).toBe(200);
    expect((await call(t.app, owner, 'DELETE', `/api/v1/members/${agent.userId}`)).statusCode).toBe(204);
    expect((await call(t.app, agent, 'GET', '/api/v1/bots')).statusCode).toBe(404);

    const viewer = await createMember(t, owner, 'viewer', 'leaver');
    const other = await createMember(t, owner, 'agent', 'stayer');
    expect((await call(t.app, viewer, 'DELETE', `/api/v1/members/${other.userId}`)).statusCode).toBe(403);
    expect((await call(t.app, viewer, 'DELETE', `/api/v1/members/${viewer.userId}`)).statusCode).toBe(204);
    const relogin = await signIn(t.app, viewer.email, PASSWORD);
    expect(relogin.orgId).toBeUndefined();
  });
});
