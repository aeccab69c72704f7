package io.motenet.testing.lab;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link Lab} for every test, removed after it whether it passed or failed:
 *
 * <pre>{@code
 * @RegisterExtension
 * final LabExtension lab = new LabExtension(LabOptions.defaults());
 *
 * @Test
 * void something() { lab.get().device() ... }
 * }</pre>
 */
public final class LabExtension implements BeforeEachCallback, AfterEachCallback {

    private final LabOptions options;
    private Lab lab;

    public LabExtension() {
        this(LabOptions.defaults());
    }

    public LabExtension(LabOptions options) {
        this.options = options;
    }

    /** The current test's lab. */
    public Lab get() {
        if (lab == null) {
            throw new IllegalStateException("no lab: the extension must be registered with @RegisterExtension");
        }
        return lab;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        lab = Lab.start(options);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Lab l = lab;
        lab = null;
        if (l != null) {
            l.close();
        }
    }
}
