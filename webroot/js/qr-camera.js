// Reads a QR code from the device's camera: with the browser's BarcodeDetector where it has one
// (Chrome on Android), else with jsQR (/vendor/jsqr, loaded on first use) over the video's frames
// (Safari, Firefox, desktop browsers). Used by the shop's voucher till and the event door.

/** Whether this browser can show a camera at all. */
export function cameraAvailable() {
  return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

let jsQrLoaded = null;

function loadJsQr() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  if (!jsQrLoaded) {
    jsQrLoaded = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/vendor/jsqr/jsQR.js';
      script.onload = () => resolve(window.jsQR);
      script.onerror = reject;
      document.head.append(script);
    });
  }
  return jsQrLoaded;
}

/**
 * Shows the back camera in {@code video} and calls {@code onCode(text)} with the first QR code it
 * reads, then stops. Resolves with a function that stops the camera; rejects when the camera
 * cannot be opened (no permission, no camera).
 */
export async function readQr(video, onCode) {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
  let running = true;
  const stop = () => {
    running = false;
    stream.getTracks().forEach(track => track.stop());
    video.hidden = true;
  };
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const detect = 'BarcodeDetector' in window ? detectorOf(new window.BarcodeDetector({ formats: ['qr_code'] })) : frameReader(await loadJsQr());
  const look = async () => {
    if (!running) return;
    const text = await detect(video).catch(() => null);
    if (text && running) {
      stop();
      onCode(text);
    } else {
      requestAnimationFrame(look);
    }
  };
  look();
  return stop;
}

function detectorOf(detector) {
  return async video => {
    const codes = await detector.detect(video);
    return codes.length ? codes[0].rawValue : null;
  };
}

function frameReader(jsQR) {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return async video => {
    if (!video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const found = jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height);
    return found ? found.data : null;
  };
}
