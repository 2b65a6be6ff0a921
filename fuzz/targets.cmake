# The fuzz targets and what each links: fuzz/<name>_fuzz.cc defines
# LLVMFuzzerTestOneInput; its seeds are fuzz/corpus/<name>/. Included by
# fuzz/CMakeLists.txt (libFuzzer build, clang) and tests/CMakeLists.txt
# (seed replay with the normal compiler, so `make test` covers every target).
set(MARSAD_FUZZ_TARGETS html feed warc jsonl encoding text extract article_json search analyzer)
set(MARSAD_FUZZ_LIBS_html marsad_ingest_web)
set(MARSAD_FUZZ_LIBS_feed marsad_ingest_web)
set(MARSAD_FUZZ_LIBS_warc marsad_ingest_web)
set(MARSAD_FUZZ_LIBS_jsonl marsad_ingest)
set(MARSAD_FUZZ_LIBS_encoding marsad_ingest_web)
set(MARSAD_FUZZ_LIBS_text marsad_text)
set(MARSAD_FUZZ_LIBS_extract marsad_time marsad_numbers)
set(MARSAD_FUZZ_LIBS_article_json marsad_core)
set(MARSAD_FUZZ_LIBS_search marsad_store)
set(MARSAD_FUZZ_LIBS_analyzer marsad_pipeline)
set(MARSAD_FUZZ_DIR ${CMAKE_SOURCE_DIR}/fuzz)

# Seed replay: <name>_replay runs every seed through the target. One CTest
# test per target, label "fuzz".
function(marsad_add_fuzz_replays)
  foreach(t IN LISTS MARSAD_FUZZ_TARGETS)
    add_executable(${t}_replay ${MARSAD_FUZZ_DIR}/${t}_fuzz.cc ${MARSAD_FUZZ_DIR}/replay_main.cc)
    target_include_directories(${t}_replay PRIVATE ${CMAKE_SOURCE_DIR})
    target_link_libraries(${t}_replay PRIVATE ${MARSAD_FUZZ_LIBS_${t}})
    add_test(NAME fuzz.replay.${t} COMMAND ${t}_replay ${MARSAD_FUZZ_DIR}/corpus/${t})
    set_tests_properties(fuzz.replay.${t} PROPERTIES LABELS fuzz TIMEOUT 300)
  endforeach()
endfunction()
