package com.poblysh.connectors.bench;

/**
 * One line of the result table: a figure next to its baseline from the same run.
 *
 * @param scenario the scenario (ingest, processor, e2e, query, memory)
 * @param figure   what is measured
 * @param value    the measured value, formatted
 * @param baseline the baseline and its value, formatted; empty when the figure has none
 * @param ratio    value / baseline as the figure reads best (throughput: ours/base; latency: ours/base)
 * @param aim      the aim for this figure, empty when none
 * @param met      "yes", "no" or empty
 */
record Row(String scenario, String figure, String value, String baseline, String ratio, String aim, String met) {

    static Row info(String scenario, String figure, String value) {
        return new Row(scenario, figure, value, "", "", "", "");
    }
}
