/**
 * SLF4J 1.7's binding point: slf4j-api imports this package and asks {@link org.slf4j.impl.StaticLoggerBinder}
 * for its logger factory. Exported at SLF4J's own version, as every 1.7 binding does.
 */
@org.osgi.annotation.versioning.Version("1.7.36")
@org.osgi.annotation.bundle.Export
package org.slf4j.impl;
