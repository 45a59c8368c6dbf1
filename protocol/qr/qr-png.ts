
/** Target edge of the PNG in pixels; the real size is the nearest whole number of px per module. */
const TARGET_PX = 300;
/** Quiet zone in modules: 4 is what the QR standard asks for and what phone readers expect. */
const MARGIN = 4;

/**
 * Renders a QR payload (the support / app-path challenge) as a PNG that ordinary readers
 * decode: error correction M, a 4-module quiet zone, about 300 px wide. Modules are a whole
 * number of pixels (never fractional), so edges stay crisp for camera and file decoders.
 */
export async function renderQrPng(payload: string): Promise<Buffer> {
  if (payload === '') throw new Error('cannot render an empty QR payload');
  // Loaded on the first QR a device shows, not at start-up.
  const { default: QRCode } = await import('qrcode');
  // create() throws a readable error when the payload exceeds the largest QR version.
  const symbol = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const edge = symbol.modules.size + 2 * MARGIN;
  // At least 2 px per module: 1 px modules of a huge payload would defeat phone cameras.
  const scale = Math.max(2, Math.round(TARGET_PX / edge));
  return QRCode.toBuffer(payload, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: MARGIN,
    scale,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}

/** The same PNG as base64 (no `data:` prefix), as `qrcode_png` carries it. */
export async function qrPngBase64(payload: string): Promise<string> {
  return (await renderQrPng(payload)).toString('base64');
}
