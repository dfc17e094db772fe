/**
 * Normalization SPI: one {@link com.poblysh.connectors.processor.normalize.Normalizer} per provider, each in its own
 * sub-package, so adding a provider touches only new files.
 */
package com.poblysh.connectors.processor.normalize;
