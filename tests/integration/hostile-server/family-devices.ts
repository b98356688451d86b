/** A family of real devices behind the hostile server: its organizer, people invited, members who joined. */
import { waitForMail } from '../server/recovery-helpers';
import type { HostileServer, TestDevice } from './hostile-server';

export interface Invitee {
  device: TestDevice;
  accountId: string;
  secretKey: string;
  inviteToken: string;
}

export interface Joined extends Omit<Invitee, 'inviteToken'> {
  /** The member's account id on the server. */
  serverId: string;
}

export interface DeviceFamily {
  organizer: TestDevice;
  organizerId: string;
  /** The organizer's security code, as they would tell it to the people they invite. */
  organizerCode: string;
  /** A fresh account (with `prepare` run on it first), invited to the family: its device and the invitation code. */
  invitee(email: string, prepare?: (device: TestDevice, accountId: string) => Promise<unknown>): Promise<Invitee>;
  /** A fresh account that joined honestly, trusting the organizer's security code. */
  member(email: string): Promise<Joined>;
}

/** A new account on its own device that makes a family named `name`. */
export async function deviceFamily(hostile: HostileServer, organizerEmail: string, name: string): Promise<DeviceFamily> {
  const { device: organizer, accountId: organizerId } = await hostile.signedUpDevice(organizerEmail);
  const organizerCode = (await organizer.ipc('family.create', { accountId: organizerId, name })).family.securityCode;
  const invitee: DeviceFamily['invitee'] = async (email, prepare) => {
    const { device, accountId, secretKey } = await hostile.signedUpDevice(email);
    await prepare?.(device, accountId);
    const mailBefore = hostile.smtp.messages.length;
    await organizer.ipc('family.invite', { accountId: organizerId, email });
    const inviteToken = /invitation code is: ([A-Za-z0-9_-]{43})/.exec(await waitForMail(hostile.smtp, email, /invitation code/, mailBefore))![1]!;
    return { device, accountId, secretKey, inviteToken };
  };
  return {
    organizer,
    organizerId,
    organizerCode,
    invitee,
    async member(email) {
      const { device, accountId, secretKey, inviteToken } = await invitee(email);
      const joined = await device.ipc('family.join', { accountId, inviteToken, organizerCode });
      return { device, accountId, secretKey, serverId: joined.family.you };
    },
  };
}
