package dev.switchboard.web.charts;

import java.util.Locale;

/** The little SVG writing the charts need: XML-escaped text and attribute values, and coordinates. */
final class Svg {

    private Svg() {
    }

    /**
     * Text or an attribute value, escaped for XML (and so for HTML): the five markup characters, and the characters
     * XML 1.0 cannot hold at all (controls other than tab, LF and CR; lone surrogates; U+FFFE and U+FFFF) replaced by
     * U+FFFD, so that a model or key name, which is user data, can never break or inject into the chart.
     */
    static String escape(String raw) {
        StringBuilder out = new StringBuilder(raw.length() + 16);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                        out.append(c).append(raw.charAt(++i));
                    } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                            || c == '\uFFFE' || c == '\uFFFF') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A coordinate with two decimals (a hundredth of a pixel), never in exponent form. */
    static String number(double value) {
        String s = String.format(Locale.ROOT, "%.2f", value);
        return s.equals("-0.00") ? "0.00" : s;
    }
}
