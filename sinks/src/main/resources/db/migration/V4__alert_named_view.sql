-- Alerts as officials read them: every alert column, plus the names of its village, township and
-- checkpoint from the gazetteer (area_name) and the device registry (checkpoint_name). A name that is
-- not known reads as the code or id itself, so no row is ever blank. A view: it always shows the
-- names as they are now, and costs the sink nothing.
CREATE VIEW alert_named AS
SELECT a.*,
       coalesce(v.name, a.village_code)           AS village_name,
       v.name_en                                  AS village_name_en,
       coalesce(t.name, left(a.village_code, 9))  AS township_name,
       coalesce(cp.checkpoint_name, a.checkpoint_id) AS checkpoint_name
FROM alert a
LEFT JOIN area_name v ON v.code = a.village_code
LEFT JOIN area_name t ON t.code = left(a.village_code, 9)
LEFT JOIN LATERAL (SELECT max(d.checkpoint_name) AS checkpoint_name FROM device_registration d
                   WHERE d.checkpoint_id = a.checkpoint_id) cp ON true;
