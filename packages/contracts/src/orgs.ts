import { z } from 'zod';
import { Id, Timestamp } from './ids.js';
import { Role } from './roles.js';
import { Email } from './auth.js';

export const OrgName = z.string().trim().min(1, { error: 'must not be empty' }).max(100);

export const Organization = z.object({
  id: Id,
  name: z.string(),
  createdAt: Timestamp,
});
export type Organization = z.infer<typeof Organization>;

export const CreateOrgBody = z.strictObject({ name: OrgName });
export type CreateOrgBody = z.infer<typeof CreateOrgBody>;
export const UpdateOrgBody = z.strictObject({ name: OrgName });
export type UpdateOrgBody = z.infer<typeof UpdateOrgBody>;

export const Member = z.object({
  userId: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  joinedAt: Timestamp,
});
export type Member = z.infer<typeof Member>;

export const MemberParams = z.strictObject({ userId: Id });
export const UpdateMemberBody = z.strictObject({ role: Role });
export type UpdateMemberBody = z.infer<typeof UpdateMemberBody>;

export const Invitation = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  invitedBy: z.string(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
});
export type Invitation = z.infer<typeof Invitation>;

export const CreateInvitationBody = z.strictObject({ email: Email, role: Role });
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

/** The link is only returned once, when the invitation is created. */
export const CreatedInvitation = z.object({ invitation: Invitation, url: z.string() });
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const InvitationToken = z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/, {
  error: 'malformed invitation token',
});
export const InvitationTokenParams = z.strictObject({ token: InvitationToken });

export const InvitationPreview = z.object({
  organization: z.string(),
  email: z.string(),
  role: Role,
  invitedBy: z.string(),
  /** True when an account with this email exists: the invitee signs in instead of choosing a password. */
  existingUser: z.boolean(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

export const AcceptInvitationBody = z.strictObject({
  token: InvitationToken,
  name: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(1).max(256),
});
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;
