// Build-time tool: writes <source_type>.png for every source type of a data model file.
//   make_logos DATAMODEL.json FONT.ttf OUTPUT_DIR
// Logos of source types the data model no longer has are removed, so OUTPUT_DIR holds exactly one
// logo per source type.
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "datamodel/data_model.h"
#include "logos/logo.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: make_logos DATAMODEL.json FONT.ttf OUTPUT_DIR\n";
    return 2;
  }
  namespace fs = std::filesystem;
  try {
    qta::datamodel::DataModel data_model(qta::datamodel::read_data_model_file(argv[1]));
    fs::path output(argv[3]);
    fs::create_directories(output);
    std::set<fs::path> written;
    for (const auto& [key, source] : data_model.sources()) {
      fs::path path = output / (key + ".png");
      std::string png = qta::logos::draw_logo(source.name, argv[2]);
      // Written beside and renamed, so a server reading the directory never sees half a file.
      fs::path partial = path;
      partial += ".partial";
      std::ofstream(partial, std::ios::binary | std::ios::trunc) << png;
      if (fs::file_size(partial) != png.size()) throw std::runtime_error("cannot write " + partial.string());
      fs::rename(partial, path);
      written.insert(path);
    }
    for (const auto& entry : fs::directory_iterator(output)) {
      if (entry.path().extension() == ".png" && !written.contains(entry.path())) fs::remove(entry.path());
    }
  } catch (const std::exception& error) {
    std::cerr << "make_logos: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
