// Renders the app icon (assets/icon.svg, drawn in the repo) into what electron-builder and the
// tray use: PNGs of every size (assets/icons/NxN.png, Linux and the tray), assets/icon.png
// (1024 px), assets/icon.icns (macOS) and assets/icon.ico (Windows). `npm run icons`; the
// generated files are committed, so packaging needs neither this script nor its libraries.
// @resvg/resvg-js renders the SVG; png2icons packs ICNS and ICO.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const svg = readFileSync('assets/icon.svg');
const render = (size) => new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();

mkdirSync('assets/icons', { recursive: true });
for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) writeFileSync(`assets/icons/${size}x${size}.png`, render(size));
const large = render(1024);
writeFileSync('assets/icon.png', large);
const icns = png2icons.createICNS(large, png2icons.BICUBIC, 0);
const ico = png2icons.createICO(large, png2icons.BICUBIC, 0, false, true);
if (!icns || !ico) throw new Error('png2icons could not make the ICNS or ICO file');
writeFileSync('assets/icon.icns', icns);
writeFileSync('assets/icon.ico', ico);
console.log('icons written to assets/');
