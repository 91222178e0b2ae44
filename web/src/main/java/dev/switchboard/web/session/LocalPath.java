package dev.switchboard.web.session;

/** Redirect targets taken from a form: only a path on this site, never another host (no open redirect). */
public final class LocalPath {

    private LocalPath() {
    }

    public static String orHome(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")
                || path.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return path;
    }
}
