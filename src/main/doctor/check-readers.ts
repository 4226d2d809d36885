import { vidPid, type ReaderConfig } from '../../core/readers/profile';
import { pickDevice, WINDOWS_KEYBOARD_MESSAGE } from '../readers/device-manager';
import { isKeyboardClass, USAGE_PAGE_POS, type HidDeviceInfo, type HidPort } from '../readers/hid-port';
import { fail, ok, oneLine, warn, type Finding } from './findings';

const describeDevice = (d: HidDeviceInfo) =>
  `${d.product ?? 'HID device'} (${vidPid(d.vendorId, d.productId)}, ${isKeyboardClass(d) ? 'keyboard-class' : d.usagePage === USAGE_PAGE_POS ? 'HID POS' : `usage page 0x${(d.usagePage ?? 0).toString(16)}`})`;

/**
 * The configured badge readers: whether each is plugged in, and on Windows
 * whether it is a keyboard-class interface (which Windows never lets an
 * application open). Lists devices only; nothing is opened, so a running
 * kiosk keeps its readers.
 */
export async function checkReaders(readers: readonly ReaderConfig[], port: HidPort, platform: string = process.platform): Promise<Finding[]> {
  if (readers.length === 0) {
    return [ok('readers', 'No badge readers are configured ("readers" in the machine config): scans come from keyboard-wedge scanners or the camera.')];
  }
  let devices: HidDeviceInfo[];
  try {
    devices = await port.devices();
  } catch (e) {
    return [
      fail(
        'readers',
        `Cannot list the USB HID devices, so no configured reader can be opened: ${oneLine(e)}.`,
        platform === 'linux' ? 'Check the udev rule in docs/readers.md gives this user access to /dev/hidraw*, and reinstall with "npm ci" if node-hid is missing.' : 'Reinstall the app (node-hid is part of it), then run passport-kiosk doctor again.',
      ),
    ];
  }
  return readers.map((r) => {
    const id = vidPid(r.vendorId, r.productId);
    const name = r.name ? `"${r.name}" (${id})` : id;
    const device = pickDevice(r, devices);
    if (!device) {
      return fail(
        'readers',
        `Badge reader ${name} is not plugged in${r.usagePage === undefined ? '' : ` (looking for usage page 0x${r.usagePage.toString(16)})`}.`,
        'Plug it in (check the cable and any USB hub); if it is plugged in, compare its vendor and product ids in the machine config with "passport-kiosk reader list".',
      );
    }
    if (platform === 'win32' && isKeyboardClass(device)) {
      return fail(
        'readers',
        `Badge reader ${name} is plugged in as ${describeDevice(device)}, a keyboard-class device the kiosk cannot open: ${WINDOWS_KEYBOARD_MESSAGE}.`,
        'Scan the "HID POS" (USB POS) set-up code in the scanner\'s manual and set its profile to "pos" (docs/readers.md), or remove it from "readers" and use it as a keyboard wedge.',
      );
    }
    if (r.profile.kind === 'pos' && device.usagePage !== USAGE_PAGE_POS) {
      return warn(
        'readers',
        `Badge reader ${name} is plugged in as ${describeDevice(device)}, but its profile is "pos" and it presents no HID POS interface, so its scans will not decode.`,
        'Switch the scanner to HID POS mode (its manual\'s set-up code), or give it a "keyboard" profile (docs/readers.md).',
      );
    }
    return ok('readers', `Badge reader ${name} is plugged in: ${describeDevice(device)}, read with the "${r.profile.kind}" profile.`);
  });
}
