package io.gatewatch.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Hand-written versions of one small record, for evolution tests: v2 is a compatible evolution of
 * v1 (optional field, field with default, new enum symbol; v1's enum has a default so old readers
 * survive new symbols), v3 is incompatible (a required field without default).
 */
final class GateReadingSchemas {
    static final Schema V1 = gateReading("""
              {"name": "gate", "type": "string"},
              {"name": "celsius", "type": "double"},
              {"name": "site", "type": {"type": "enum", "name": "Site",
                                        "symbols": ["FOREHEAD", "WRIST", "UNKNOWN_SITE"], "default": "UNKNOWN_SITE"}}""");

    /** v1's fields, the enum with a new symbol, an optional field and a field with a default. */
    private static final String V2_FIELDS = """
              {"name": "gate", "type": "string"},
              {"name": "celsius", "type": "double"},
              {"name": "site", "type": {"type": "enum", "name": "Site",
                                        "symbols": ["FOREHEAD", "WRIST", "UNKNOWN_SITE", "AXILLA"], "default": "UNKNOWN_SITE"}},
              {"name": "ambientCelsius", "type": ["null", "double"], "default": null},
              {"name": "operator", "type": "string", "default": "unknown"}""";

    static final Schema V2 = gateReading(V2_FIELDS);

    /** v2 plus a required field without default: a v3 reader cannot read v2 records. */
    static final Schema V3_INCOMPATIBLE = gateReading(V2_FIELDS + """
            ,
              {"name": "deviceSerial", "type": "string"}""");

    private static Schema gateReading(String fields) {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "GateReading", "namespace": "io.gatewatch.test", "fields": [
                %s
                ]}""".formatted(fields));
    }

    private GateReadingSchemas() {}

    static GenericRecord v1(String gate, double celsius, String site) {
        GenericRecord record = new GenericData.Record(V1);
        record.put("gate", gate);
        record.put("celsius", celsius);
        record.put("site", new GenericData.EnumSymbol(V1.getField("site").schema(), site));
        return record;
    }

    static GenericRecord v2(String gate, double celsius, String site, Double ambient, String operator) {
        GenericRecord record = new GenericData.Record(V2);
        record.put("gate", gate);
        record.put("celsius", celsius);
        record.put("site", new GenericData.EnumSymbol(V2.getField("site").schema(), site));
        record.put("ambientCelsius", ambient);
        record.put("operator", operator);
        return record;
    }

    static GenericRecord v3(String gate) {
        GenericRecord record = new GenericData.Record(V3_INCOMPATIBLE);
        record.put("gate", gate);
        record.put("celsius", 36.6);
        record.put("site", new GenericData.EnumSymbol(V3_INCOMPATIBLE.getField("site").schema(), "WRIST"));
        record.put("operator", "op-1");
        record.put("deviceSerial", "SN-1");
        return record;
    }

}
