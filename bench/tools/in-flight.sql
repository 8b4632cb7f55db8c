-- bench/run.sh's predictions in flight, in kiln_gateway: copies of one prediction's durable record under the ids
-- bench/tools/in-flight.lua gives their status hashes ("zzzbench" and n in base32), created now, due in an hour.
-- psql -v template=ID -v first=N -v count=N -f bench/tools/in-flight.sql
INSERT INTO predictions
SELECT (jsonb_populate_record(p, jsonb_build_object(
          'id', 'zzzbench' || (SELECT string_agg(substr('abcdefghijklmnopqrstuvwxyz234567', (div(n::numeric, power(32::numeric, 17 - k)) % 32)::int + 1, 1), '' ORDER BY k)
                               FROM generate_series(0, 17) k),
          'created_at', now(), 'deadline', now() + interval '1 hour', 'updated_at', now()))).*
FROM predictions p CROSS JOIN generate_series(:first, :first + :count - 1) n
WHERE p.id = :'template';
