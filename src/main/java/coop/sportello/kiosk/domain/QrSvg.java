package coop.sportello.kiosk.domain;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code as a small SVG document: black modules on white with the standard 4-module quiet
 * zone, one path, crisp edges, and a title for screen readers. Encoding by Nayuki's QR Code
 * generator (error correction M: a scratched or glare-struck screen still scans).
 */
public final class QrSvg {

  private static final int QUIET_ZONE = 4;

  private QrSvg() { }

  public static QrCode encode(String text) {
    return QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
  }

  /** {@code title} is plain text (escaped here). */
  public static String render(QrCode qr, String title) {
    int size = qr.size + QUIET_ZONE * 2;
    StringBuilder path = new StringBuilder(qr.size * qr.size * 4);
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) {
          path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
        }
      }
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + size + " " + size + "\""
        + " width=\"" + size * 8 + "\" height=\"" + size * 8 + "\" role=\"img\" aria-labelledby=\"qr-title\""
        + " shape-rendering=\"crispEdges\">"
        + "<title id=\"qr-title\">" + escape(title) + "</title>"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
        + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>\n";
  }

  public static String of(String text, String title) {
    return render(encode(text), title);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
